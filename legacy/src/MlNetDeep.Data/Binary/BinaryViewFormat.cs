using System.Text.Json;

namespace MlNetDeep.Data.Binary;

/// <summary>
/// Layout of the binary view cache (docs/data.md): magic "MNDVIEW1", a JSON schema, then
/// blocks of up to <see cref="BlockRows"/> rows stored column by column, and an end marker.
/// Every count is checked against the block's declared size before it is used.
/// </summary>
internal static class BinaryViewFormat
{
    internal static ReadOnlySpan<byte> Magic => "MNDVIEW1"u8;
    internal const int Version = 1;
    internal const int BlockRows = 4096;
    internal const int MaxSchemaBytes = 16 << 20;
    internal const long MaxBlockBytes = 1L << 31;

    internal static readonly JsonSerializerOptions Json = new() { MaxDepth = 8 };
}
