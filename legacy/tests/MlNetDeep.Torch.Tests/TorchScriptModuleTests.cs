using System.IO.Compression;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>TorchScript files saved by PyTorch, loaded through libtorch's JIT loader with trainable parameters.</summary>
public class TorchScriptModuleTests
{
    private static string Fixture => Conformance.Fixtures.SmallCnnTorchScript;

    [Fact]
    public void LoadsWithPyTorchNamesAndTrainsLikeAnyModule()
    {
        using var script = TorchScriptModule.Load(Fixture);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias", "7.weight", "7.bias"], script.NamedParameters().Select(p => p.Name));
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked"], script.NamedBuffers().Select(b => b.Name));
        Assert.All(script.Parameters(), p => Assert.True(p.RequiresGrad));
        // The fixture's batch-norm statistics were set by a training pass: not the defaults.
        Assert.NotEqual(new float[4], script.StateDict()["1.running_mean"].ToArray<float>());

        using var scope = Engine.NewDisposeScope();
        using var g = new Generator(3);
        Tensor x = Tensors.Rand([8, 1, 28, 28], generator: g);
        script.Eval();
        float[] before = script.Forward(x).ToArray<float>();
        Assert.Equal(8 * 3, before.Length);
        Assert.Equal(before, script.Forward(x).ToArray<float>());
        // Training mode reaches the script: batch norm then normalizes with the batch's statistics.
        script.Train();
        Assert.NotEqual(before, script.Forward(x).ToArray<float>());
        script.Eval();

        // Gradients flow into the registered parameters and an optimizer step changes the script's output.
        using var sgd = new Sgd(script.Parameters(), 0.1);
        sgd.ZeroGrad();
        Functional.CrossEntropy(script.Forward(x), Tensors.Zeros([8], DType.Int64)).Backward();
        using (var grad = script.NamedParameters().First().Parameter.Grad) Assert.NotNull(grad);
        sgd.Step();
        float[] after = script.Forward(x).ToArray<float>();
        Assert.NotEqual(before, after);

        // Saving writes the trained weights: a reload computes the same.
        using var reloaded = TorchScriptModule.Load(script.Save(), "saved");
        reloaded.Eval();
        Assert.Equal(after, reloaded.Forward(x).ToArray<float>());

        // Freezing works through the registered parameters.
        script.Freeze(n => n.StartsWith("0.", StringComparison.Ordinal));
        Assert.False(script.NamedParameters().First().Parameter.RequiresGrad);
    }

    [Fact]
    public void FilesThatAreNotTorchScriptAreRefusedBeforeLibtorchSeesThem()
    {
        var notZip = Assert.Throws<InvalidDataException>(() => TorchScriptModule.Load(new byte[] { 1, 2, 3, 4, 5 }, "junk.pt"));
        Assert.Contains("junk.pt is not a TorchScript file: it is not a zip archive", notZip.Message);

        byte[] bytes = File.ReadAllBytes(Fixture);
        var truncated = Assert.Throws<InvalidDataException>(() => TorchScriptModule.Load(bytes[..(bytes.Length / 2)], "half.pt"));
        Assert.Contains("half.pt is not a readable zip archive", truncated.Message);

        using var other = new MemoryStream();
        using (var zip = new ZipArchive(other, ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(zip.CreateEntry("model/weights.bin").Open())) w.Write("not a module");
        var wrongZip = Assert.Throws<InvalidDataException>(() => TorchScriptModule.Load(other.ToArray(), "weights.zip"));
        Assert.Contains("weights.zip is a zip archive but not a TorchScript module: it has no data.pkl", wrongZip.Message);
        Assert.Throws<FileNotFoundException>(() => TorchScriptModule.Load("/nonexistent/model.pt"));
    }
}
