using System.Runtime.InteropServices;

namespace MlNetDeep.Classical.Xgb;

// XGBoost's own C API (c_api.h of Debian's libxgboost-dev 1.7). It already returns a status
// (0 ok, -1 error) and keeps the message in XGBGetLastError, so no shim sits between: every
// call goes through Check, which turns -1 into an XgbException carrying XGBoost's text.
// Arguments are validated in managed code before any call (sizes, finite parameters).
internal static unsafe partial class XgbNative
{
    private const string Lib = "xgboost";

    static XgbNative() => NativeLibraries.EnsureResolver();

    /// <summary>NumPy's __array_interface__ (version 3) of a dense row-major float block, as XGBoost reads it.</summary>
    internal static string ArrayInterface(float* data, int rows, int columns) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{{\"data\": [{(ulong)data}, true], \"shape\": [{rows}, {columns}], \"typestr\": \"<f4\", \"version\": 3}}");

    internal static void Check(int status)
    {
        if (status != 0) throw new XgbException(Marshal.PtrToStringUTF8(XGBGetLastError()) ?? "unknown XGBoost error");
    }

    [LibraryImport(Lib)] internal static partial IntPtr XGBGetLastError();
    [LibraryImport(Lib)] internal static partial void XGBoostVersion(out int major, out int minor, out int patch);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGDMatrixCreateFromDense(string arrayInterface, string config, out IntPtr handle);
    [LibraryImport(Lib)] internal static partial int XGDMatrixFree(IntPtr handle);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGDMatrixSetFloatInfo(IntPtr handle, string field, float* array, ulong length);
    [LibraryImport(Lib)] internal static partial int XGDMatrixNumRow(IntPtr handle, out ulong rows);
    [LibraryImport(Lib)] internal static partial int XGDMatrixNumCol(IntPtr handle, out ulong cols);
    [LibraryImport(Lib)] internal static partial int XGBoosterCreate(IntPtr* dmats, ulong length, out IntPtr handle);
    [LibraryImport(Lib)] internal static partial int XGBoosterFree(IntPtr handle);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGBoosterSetParam(IntPtr handle, string name, string value);
    [LibraryImport(Lib)] internal static partial int XGBoosterUpdateOneIter(IntPtr handle, int iteration, IntPtr dtrain);
    [LibraryImport(Lib)] internal static partial int XGBoosterEvalOneIter(IntPtr handle, int iteration, IntPtr* dmats, IntPtr* names, ulong length, out IntPtr result);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGBoosterPredictFromDMatrix(IntPtr handle, IntPtr dmat, string config, out ulong* shape, out ulong dimension, out float* result);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGBoosterPredictFromDense(IntPtr handle, string values, string config, IntPtr proxy,
        out ulong* shape, out ulong dimension, out float* result);
    [LibraryImport(Lib)] internal static partial int XGBoosterSlice(IntPtr handle, int beginLayer, int endLayer, int step, out IntPtr sliced);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGBoosterSaveModelToBuffer(IntPtr handle, string config, out ulong length, out byte* data);
    [LibraryImport(Lib)] internal static partial int XGBoosterLoadModelFromBuffer(IntPtr handle, byte* data, ulong length);
    [LibraryImport(Lib)] internal static partial int XGBoosterBoostedRounds(IntPtr handle, out int rounds);
    [LibraryImport(Lib)] internal static partial int XGBoosterGetNumFeature(IntPtr handle, out ulong features);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int XGBoosterFeatureScore(IntPtr handle, string config, out ulong nFeatures, out IntPtr* features,
        out ulong dimension, out ulong* shape, out float* scores);
}
