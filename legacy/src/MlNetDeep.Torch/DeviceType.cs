namespace MlNetDeep.Torch;

/// <summary>The kind of device a tensor lives on. Values equal c10::DeviceType codes.</summary>
public enum DeviceType
{
    /// <summary>Host memory and CPU kernels.</summary>
    Cpu = 0,
    /// <summary>An NVIDIA GPU through a CUDA build of libtorch.</summary>
    Cuda = 1,
}
