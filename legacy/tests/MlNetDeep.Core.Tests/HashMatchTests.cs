using System.Security.Cryptography;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>The entry checksum comparison a model load makes before any byte reaches native code.</summary>
public class HashMatchTests
{
    [Fact]
    public void MatchesTheHexOfTheHashInEitherCaseAndNothingElse()
    {
        byte[] hash = SHA256.HashData("weights"u8);
        string hex = Convert.ToHexString(hash);
        Assert.True(ModelZipReader.HashMatches(hash, hex));
        Assert.True(ModelZipReader.HashMatches(hash, hex.ToLowerInvariant()));
        for (int i = 0; i < hex.Length; i++)
        {
            char other = hex[i] == '0' ? '1' : '0';
            Assert.False(ModelZipReader.HashMatches(hash, hex[..i] + other + hex[(i + 1)..]));
        }
        Assert.False(ModelZipReader.HashMatches(hash, hex[..^2]));
        Assert.False(ModelZipReader.HashMatches(hash, hex + "00"));
        Assert.False(ModelZipReader.HashMatches(hash, "G" + hex[1..]));
        Assert.False(ModelZipReader.HashMatches(hash, ""));
    }
}
