// Added to every application and test project that uses MlNetDeep (by MlNetDeep.targets), so
// TorchSharp's native library is made loadable before the application's own first use of
// TorchSharp, even when that comes before any MlNetDeep call. See docs/torchsharp-native.md.
internal static class MlNetDeepTorchRuntimeInitializer
{
    /// <summary>
    /// Runs when the assembly loads. A failure is not swallowed: the process would otherwise meet
    /// TorchSharp's own loading failure later, with a less useful message (and TorchSharp's fallback
    /// copies libtorch, 600 MB, beside the application). Set the MSBuild property
    /// MlNetDeepTorchRuntimeInitializer to false to opt out.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Initialize() => MlNetDeep.Runtime.TorchRuntime.Initialize();
}
