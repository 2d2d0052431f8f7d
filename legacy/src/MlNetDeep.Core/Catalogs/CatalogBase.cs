namespace MlNetDeep.Catalogs;

/// <summary>Base of the catalogs: gives extension methods the context they belong to.</summary>
public abstract class CatalogBase
{
    private protected CatalogBase(MLContext context) => Context = context ?? throw new ArgumentNullException(nameof(context));

    /// <summary>The context this catalog belongs to.</summary>
    public MLContext Context { get; }
}
