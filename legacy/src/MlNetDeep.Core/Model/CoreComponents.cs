namespace MlNetDeep.Model;

/// <summary>Registry names and loaders of the components defined in MlNetDeep.Core.</summary>
internal static class CoreComponents
{
    internal const string Chain = "TransformerChain";
    internal const string ColumnSelecting = "ColumnSelecting";
    internal const string Cache = "CacheCheckpoint";

    internal static void Register()
    {
        ModelRegistry.Register(Chain, 1, c =>
        {
            string[] ids = c.ReadJson("chain.json", CoreJson.Default.StringArray);
            return new TransformerChain<ITransformer>(ids.Select(c.LoadComponent));
        });
        ModelRegistry.Register(ColumnSelecting, 1, c =>
        {
            var s = c.ReadJson("state.json", CoreJson.Default.State);
            return new ColumnSelectingTransformer(s.Columns ?? throw c.Error("state.json", "columns missing"), s.Keep);
        });
        ModelRegistry.Register(Cache, 1, _ => new CacheCheckpoint());
    }
}
