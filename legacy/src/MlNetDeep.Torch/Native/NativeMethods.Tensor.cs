using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Tensor area (shim_tensor.cpp, shim_shape.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_tensor_info(TensorHandle t, out int dtype, out int ndim, out int deviceType, out int deviceIndex, out int requiresGrad);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_shape(TensorHandle t, long* shape, int capacity);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_numel(TensorHandle t, out long numel);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_item(TensorHandle t, out double asDouble, out long asLong);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_new(int kind, long* shape, int ndim, double value, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_tensor_range(int kind, double a, double b, double c, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_unary(int op, TensorHandle a, double p0, double p1, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_unary_(int op, TensorHandle a, double p0, double p1);
    [LibraryImport(Lib)] internal static partial int mnd_binary(int op, TensorHandle a, TensorHandle b, double alpha, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_binary_scalar(int op, TensorHandle a, double d, long l, int isInt, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_binary_(int op, TensorHandle a, TensorHandle b, double d, long l, int isInt, double alpha);
    [LibraryImport(Lib)] internal static partial int mnd_fill_(int kind, TensorHandle a, double value, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int mnd_where(TensorHandle cond, TensorHandle a, TensorHandle b, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_reduce(int op, TensorHandle a, long* dims, int ndims, int keepdim, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_values_indices(int kind, TensorHandle a, long dim, long k, int flag0, int flag1, out IntPtr values, out IntPtr indices);

    [LibraryImport(Lib)] internal static partial int mnd_reshape(int kind, TensorHandle a, long* dims, int n, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_shape_op(int kind, TensorHandle a, long d0, long d1, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_slice(TensorHandle a, long dim, long start, long endOrLength, long step, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_join(int kind, IntPtr* items, int n, long dim, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_split(int kind, TensorHandle a, long n0, long* sizes, int nsizes, long dim, IntPtr* result, int capacity, out int count);
    [LibraryImport(Lib)] internal static partial int mnd_index(int kind, TensorHandle a, long dim, TensorHandle index, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_scatter(int kind, TensorHandle a, long dim, TensorHandle index, TensorHandle src, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_masked_fill(TensorHandle a, TensorHandle mask, double value, int inplace, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_to(TensorHandle a, int dtype, int deviceType, int deviceIndex, int copy, out IntPtr result);
    [LibraryImport(Lib)] internal static partial int mnd_alias(TensorHandle a, out IntPtr result);
}
