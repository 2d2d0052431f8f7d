namespace MlNetDeep.Model;

/// <summary>
/// A transformer that can be saved in a model zip. Its <see cref="ComponentName"/> must be
/// registered in <see cref="ModelRegistry"/> with the function that loads it back.
/// </summary>
public interface IModelComponent : ITransformer
{
    /// <summary>The registry name (stable across versions; never a .NET type name).</summary>
    string ComponentName { get; }

    /// <summary>Version of this component's saved state (loaders accept every version up to theirs).</summary>
    int ComponentVersion => 1;

    /// <summary>Writes the component's state into its entries.</summary>
    void Save(ModelSaveContext context);
}
