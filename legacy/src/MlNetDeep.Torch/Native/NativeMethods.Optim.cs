using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

// Optimizer area (shim_optim.cpp).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int mnd_sgd_step(IntPtr* parameters, IntPtr* bufs, long* steps, int n, double lr, double momentum, double dampening, double weightDecay, int nesterov, int maximize);
    [LibraryImport(Lib)] internal static partial int mnd_adam_step(IntPtr* parameters, IntPtr* expAvgs, IntPtr* expAvgSqs, IntPtr* maxExpAvgSqs, long* steps, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int decoupled, int amsgrad, int maximize);
    [LibraryImport(Lib)] internal static partial int mnd_rmsprop_step(IntPtr* parameters, IntPtr* squareAvgs, IntPtr* gradAvgs, IntPtr* bufs, long* steps, int n, double lr, double alpha, double eps, double weightDecay, double momentum, int centered, int maximize);
}
