namespace MlNetDeep.Torch;

/// <summary>Element type of a tensor. Values equal libtorch's c10::ScalarType codes.</summary>
public enum DType
{
    /// <summary>Unsigned 8-bit integer (images, masks).</summary>
    UInt8 = 0,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 1,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 2,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 3,
    /// <summary>Signed 64-bit integer: class labels and indices.</summary>
    Int64 = 4,
    /// <summary>IEEE half precision.</summary>
    Float16 = 5,
    /// <summary>IEEE single precision: the default for parameters and activations.</summary>
    Float32 = 6,
    /// <summary>IEEE double precision.</summary>
    Float64 = 7,
    /// <summary>Boolean (one byte per element).</summary>
    Bool = 11,
    /// <summary>Brain floating point (16 bits).</summary>
    BFloat16 = 15,
}
