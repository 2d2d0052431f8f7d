using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Image area (shim_image.cpp). Callers validate image headers before decoding.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_image_decode(byte* data, long len, int channels, out IntPtr image, out int height, out int width);
    [LibraryImport(Lib)] internal static partial int mnd_image_copy(IntPtr image, byte* dst, long capacity);
    [LibraryImport(Lib)] internal static partial void mnd_image_free(IntPtr image);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int mnd_image_encode(byte* src, int height, int width, int channels, string ext, int quality, out IntPtr bytes, out long length);
    [LibraryImport(Lib)] internal static partial int mnd_bytes_copy(IntPtr bytes, byte* dst, long capacity);
    [LibraryImport(Lib)] internal static partial void mnd_bytes_free(IntPtr bytes);
    [LibraryImport(Lib)] internal static partial int mnd_image_resize(byte* src, int height, int width, int channels, byte* dst, int dstHeight, int dstWidth, int interpolation);
}
