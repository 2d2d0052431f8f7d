using System.Runtime.InteropServices;

namespace MlNetDeep.Classical.Svm;

// libsvm's C API (svm.h of Debian's libsvm-dev 3.24). The structs below are blittable copies of
// svm.h's. libsvm reports bad parameters through svm_check_parameter, which the trainer calls
// before svm_train; its model files are never read: models are rebuilt in native memory from
// arrays the loader has checked (SvmNativeModel).
internal static unsafe partial class SvmNative
{
    private const string Lib = "svm";

    static SvmNative()
    {
        NativeLibraries.EnsureResolver();
        // libsvm prints training progress to stdout unless given a print function.
        svm_set_print_string_function(&Quiet);
    }

    [UnmanagedCallersOnly]
    private static void Quiet(byte* message) { }

    internal const int CSvc = 0, OneClass = 2, EpsilonSvr = 3;
    internal const int Precomputed = 4;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Node
    {
        public int Index; // 1-based feature index; -1 ends a row
        public double Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Problem
    {
        public int L;
        public double* Y;
        public Node** X;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Parameter
    {
        public int SvmType, KernelType, Degree;
        public double Gamma, Coef0, CacheSize, Eps, C;
        public int NrWeight;
        public int* WeightLabel;
        public double* Weight;
        public double Nu, P;
        public int Shrinking, Probability;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Model
    {
        public Parameter Param;
        public int NrClass, L;
        public Node** SV;
        public double** SvCoef;
        public double* Rho, ProbA, ProbB;
        public int* SvIndices, Label, NSV;
        public int FreeSv;
    }

    [LibraryImport(Lib)] internal static partial Model* svm_train(Problem* problem, Parameter* parameter);
    [LibraryImport(Lib)] internal static partial IntPtr svm_check_parameter(Problem* problem, Parameter* parameter);
    [LibraryImport(Lib)] internal static partial double svm_predict_values(Model* model, Node* x, double* decisionValues);
    [LibraryImport(Lib)] internal static partial double svm_predict_probability(Model* model, Node* x, double* probabilities);
    [LibraryImport(Lib)] internal static partial void svm_free_and_destroy_model(Model** model);
    [LibraryImport("libc")] internal static partial void srand(uint seed);
    [LibraryImport(Lib)] internal static partial void svm_set_print_string_function(delegate* unmanaged<byte*, void> print);
}
