namespace MlNetDeep.Torch.IO;

/// <summary>What <see cref="TensorFile.Load(string)"/> returns: named CPU tensors and string metadata. Disposing disposes the tensors.</summary>
public sealed class TensorFileContents : IDisposable
{
    internal TensorFileContents(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>String metadata stored with the tensors.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
