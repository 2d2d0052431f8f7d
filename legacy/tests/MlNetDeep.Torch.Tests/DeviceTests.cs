using MlNetDeep.Torch;
using Xunit;

namespace MlNetDeep.Torch.Tests;

/// <summary>Device parsing, CUDA availability and CPU fallback (this machine has no CUDA).</summary>
[Collection(nameof(EngineSettingsCollection))]
public class DeviceTests
{
    [Fact]
    public void ParsesDeviceNames()
    {
        Assert.Equal(Device.Cpu, Device.Parse("cpu"));
        Assert.Equal(Device.Cuda(0), Device.Parse("CUDA"));
        Assert.Equal(Device.Cuda(3), Device.Parse(" cuda:3 "));
        Assert.Equal("cuda:3", Device.Cuda(3).ToString());
        var e = Assert.Throws<FormatException>(() => Device.Parse("gpu0"));
        Assert.Contains("'gpu0'", e.Message);
        Assert.Throws<FormatException>(() => Device.Parse("cuda:-1"));
    }

    [Fact]
    public void AutoIsCpuWithoutCuda()
    {
        Assert.False(Engine.Cuda.IsAvailable);
        Assert.Equal(0, Engine.Cuda.DeviceCount);
        Assert.Equal(Device.Cpu, Device.Auto);
    }

    [Fact]
    public void AskingForMissingCudaThrowsUnlessFallbackIsOn()
    {
        bool saved = Engine.FallbackToCpu;
        try
        {
            Engine.FallbackToCpu = false;
            var e = Assert.Throws<DeviceUnavailableException>(() => Tensors.Zeros([2], device: Device.Cuda(0)));
            Assert.Contains("cuda:0", e.Message);
            Assert.Contains("FallbackToCpu", e.Message);
            using var t = Tensors.Ones(2);
            Assert.Throws<DeviceUnavailableException>(() => t.To(Device.Cuda(1)));

            Engine.FallbackToCpu = true;
            using var z = Tensors.Zeros([2], device: Device.Cuda(0));
            Assert.Equal(Device.Cpu, z.Device);
            using var m = t.To(Device.Cuda(0));
            Assert.Equal(Device.Cpu, m.Device);
        }
        finally
        {
            Engine.FallbackToCpu = saved;
        }
    }

    [Fact]
    public void ThreadCountIsSettableAndDefaultsToProcessorCount()
    {
        int before = Engine.NumThreads;
        Assert.Equal(Environment.GetEnvironmentVariable("MLNETDEEP_NUM_THREADS") is { } s ? int.Parse(s) : Environment.ProcessorCount, before);
        try
        {
            Engine.NumThreads = 1;
            Assert.Equal(1, Engine.NumThreads);
        }
        finally
        {
            Engine.NumThreads = before;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.NumThreads = 0);
    }

    [Fact]
    public void BuildInfoNamesTheBlasAndVersion()
    {
        string info = Engine.BuildInfo;
        Assert.Contains("PyTorch built with", info);
        Assert.Contains("BLAS", info);
    }

    [Fact]
    public void NoGradScopesNest()
    {
        Assert.True(Engine.IsGradEnabled);
        using (Engine.NoGrad())
        {
            Assert.False(Engine.IsGradEnabled);
            using (Engine.EnableGrad()) Assert.True(Engine.IsGradEnabled);
            Assert.False(Engine.IsGradEnabled);
            using var a = Tensors.Ones(2).RequiresGrad_();
            using var b = a * 2.0;
            Assert.False(b.RequiresGrad);
        }
        Assert.True(Engine.IsGradEnabled);
    }
}

/// <summary>Tests that change process-wide engine settings run one at a time.</summary>
[CollectionDefinition(nameof(EngineSettingsCollection), DisableParallelization = true)]
public class EngineSettingsCollection;
