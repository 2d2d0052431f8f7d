// Image area: decoding (PNG, JPEG, BMP through OpenCV's imgcodecs) and resizing.
//
// Managed code validates an image's header (format signature, dimensions within limits)
// before calling mnd_image_decode. Decoded pixels are handed back as HWC uint8 in RGB (or
// grey) order through a handle that managed code copies out and frees.
#include "mnd.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

typedef cv::Mat* mnd_image;

// Decodes `len` bytes. channels: 1 grey, 3 RGB. Writes the image's size.
MND_API int32_t mnd_image_decode(const uint8_t* data, int64_t len, int32_t channels, mnd_image* out, int32_t* height,
                                 int32_t* width) {
  MND_TRY
  mnd::require(data != nullptr && len > 0 && len < (int64_t(1) << 31), "image bytes missing or too large");
  mnd::require(channels == 1 || channels == 3, "channels must be 1 or 3");
  cv::Mat buf(1, static_cast<int>(len), CV_8UC1, const_cast<uint8_t*>(data));
  cv::Mat img = cv::imdecode(buf, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
  mnd::require(!img.empty(), "the image could not be decoded (corrupt or unsupported)");
  if (channels == 3) cv::cvtColor(img, img, cv::COLOR_BGR2RGB);
  if (!img.isContinuous()) img = img.clone();
  *height = img.rows;
  *width = img.cols;
  *out = new cv::Mat(std::move(img));
  MND_CATCH
}

MND_API int32_t mnd_image_copy(mnd_image img, uint8_t* dst, int64_t capacity) {
  MND_TRY
  mnd::require(img != nullptr, "null image");
  int64_t n = static_cast<int64_t>(img->total() * img->elemSize());
  mnd::require(capacity == n, "destination size does not match the image");
  std::memcpy(dst, img->data, static_cast<size_t>(n));
  MND_CATCH
}

MND_API void mnd_image_free(mnd_image img) { delete img; }

// Resizes HWC uint8 pixels (channels 1 or 3). interpolation: 0 nearest, 1 bilinear, 2 area.
MND_API int32_t mnd_image_resize(const uint8_t* src, int32_t height, int32_t width, int32_t channels, uint8_t* dst,
                                 int32_t dst_height, int32_t dst_width, int32_t interpolation) {
  MND_TRY
  mnd::require(src != nullptr && dst != nullptr, "null pixel buffer");
  mnd::require(height > 0 && width > 0 && dst_height > 0 && dst_width > 0, "image sizes must be positive");
  mnd::require(channels == 1 || channels == 3, "channels must be 1 or 3");
  int type = channels == 1 ? CV_8UC1 : CV_8UC3;
  cv::Mat in(height, width, type, const_cast<uint8_t*>(src));
  cv::Mat out(dst_height, dst_width, type, dst);
  int mode = interpolation == 0 ? cv::INTER_NEAREST : interpolation == 1 ? cv::INTER_LINEAR : cv::INTER_AREA;
  cv::resize(in, out, cv::Size(dst_width, dst_height), 0, 0, mode);
  mnd::require(out.data == dst, "resize reallocated its output");
  MND_CATCH
}

typedef std::vector<uchar>* mnd_bytes;

// Encodes HWC uint8 pixels (RGB or grey) as ".png", ".jpg" or ".bmp". quality: JPEG quality 1..100.
MND_API int32_t mnd_image_encode(const uint8_t* src, int32_t height, int32_t width, int32_t channels, const char* ext, int32_t quality,
                                 mnd_bytes* out, int64_t* length) {
  MND_TRY
  mnd::require(src != nullptr && ext != nullptr, "null argument");
  mnd::require(height > 0 && width > 0, "image sizes must be positive");
  mnd::require(channels == 1 || channels == 3, "channels must be 1 or 3");
  std::string e(ext);
  mnd::require(e == ".png" || e == ".jpg" || e == ".bmp", "format must be .png, .jpg or .bmp");
  cv::Mat img(height, width, channels == 1 ? CV_8UC1 : CV_8UC3, const_cast<uint8_t*>(src));
  cv::Mat bgr;
  if (channels == 3) cv::cvtColor(img, bgr, cv::COLOR_RGB2BGR);
  else bgr = img;
  auto* buf = new std::vector<uchar>();
  std::vector<int> params;
  if (e == ".jpg") params = {cv::IMWRITE_JPEG_QUALITY, std::max(1, std::min(100, quality))};
  if (!cv::imencode(e, bgr, *buf, params)) {
    delete buf;
    mnd::require(false, "encoding failed");
  }
  *length = static_cast<int64_t>(buf->size());
  *out = buf;
  MND_CATCH
}

MND_API int32_t mnd_bytes_copy(mnd_bytes b, uint8_t* dst, int64_t capacity) {
  MND_TRY
  mnd::require(b != nullptr && capacity == static_cast<int64_t>(b->size()), "destination size does not match");
  std::memcpy(dst, b->data(), b->size());
  MND_CATCH
}

MND_API void mnd_bytes_free(mnd_bytes b) { delete b; }
