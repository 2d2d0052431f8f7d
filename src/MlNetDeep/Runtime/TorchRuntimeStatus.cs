namespace MlNetDeep.Runtime;

/// <summary>What <see cref="TorchRuntime.Initialize"/> found and did.</summary>
/// <param name="NativeLibrary">The application's libLibTorchSharp.so, or null when none was found among its native files.</param>
/// <param name="CompatibilityCopy">The patched copy loaded in its place, or null when the original loads as it is.</param>
/// <param name="WeakenedVersions">The libstdc++ versions the copy no longer requires (e.g. GLIBCXX_3.4.32).</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record TorchRuntimeStatus(string? NativeLibrary, string? CompatibilityCopy, IReadOnlyList<string> WeakenedVersions, string Reason)
{
    /// <summary>Whether glibc's malloc was tuned for tensor workloads (see the MLNETDEEP_MALLOC_TUNING variable in docs/torchsharp-native.md).</summary>
    public bool MallocTuned { get; init; }
}
