using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>The README's sample (samples/FashionMnistCnn) runs end to end, shortened.</summary>
public class SampleTests
{
    [Fact]
    public async Task TheFashionMnistSampleTrainsEvaluatesAndPredicts()
    {
        string dll = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Worker.Dll)!, "..", "..", "..", "..", "..", "samples", "FashionMnistCnn", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "FashionMnistCnn.dll"));
        Assert.True(File.Exists(dll), dll);
        var psi = new ProcessStartInfo("dotnet", [dll, "--epochs", "1", "--limit", "3000"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        string output = await p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, await error);
        Assert.Contains("epoch 1/1: loss", output);
        double accuracy = double.Parse(Regex.Match(output, @"MicroAccuracy ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.6, output);
        Assert.Matches(@"The first test image is a [A-Za-z/ -]+ \([0-9.]+ ?%\)\.", output);
    }
}
