using System.Diagnostics;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>native/check-deps.sh (run by the build before CMake) names the Debian package of a missing dependency.</summary>
public class BuildCheckTests
{
    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "native", "check-deps.sh");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("native/check-deps.sh not found above the test binaries.");
    }

    private static (int Code, string Output) Run(Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script());
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Trim());
    }

    [Fact]
    public void PassesOnThisMachine() => Assert.Equal(0, Run([]).Code);

    [Fact]
    public void NamesThePackageOfAMissingTool()
    {
        string empty = Directory.CreateTempSubdirectory("mnd-path").FullName;
        try
        {
            var (code, output) = Run(new() { ["PATH"] = empty });
            Assert.Equal(1, code);
            Assert.Equal("Missing native dependency: cmake (Debian package cmake). Run ./setup.sh, or: sudo apt-get install cmake", output);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void NamesAnUnusableLibtorchDirectory()
    {
        var (code, output) = Run(new() { ["MLNETDEEP_LIBTORCH_DIR"] = "/nonexistent" });
        Assert.Equal(1, code);
        Assert.Contains("MLNETDEEP_LIBTORCH_DIR=/nonexistent has no include/ATen/ATen.h", output);
    }
}
