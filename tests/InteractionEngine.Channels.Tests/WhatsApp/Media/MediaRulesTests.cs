using System.Security.Cryptography;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Media;

namespace InteractionEngine.Channels.Tests.WhatsApp.Media;

/// <summary>The checks a fetched media file must pass: the announced sha256 (hex or base64) and its type's size limit.</summary>
public class MediaRulesTests
{
    private static readonly byte[] Content = "the damaged box"u8.ToArray();

    [Fact]
    public void The_checksum_matches_in_hex_or_base64_with_or_without_padding()
    {
        var digest = SHA256.HashData(Content);
        Assert.Null(MediaChecksum.Problem(Convert.ToHexString(digest), Content));
        Assert.Null(MediaChecksum.Problem(Convert.ToHexStringLower(digest), Content));
        Assert.Null(MediaChecksum.Problem(Convert.ToBase64String(digest), Content));
        Assert.Null(MediaChecksum.Problem(Convert.ToBase64String(digest).TrimEnd('='), Content));
        Assert.Null(MediaChecksum.Problem(null, Content)); // nothing announced, nothing to check
    }

    [Fact]
    public void Another_contents_checksum_is_a_mismatch()
    {
        var other = Convert.ToBase64String(SHA256.HashData("another box"u8));
        Assert.Contains("checksum mismatch", MediaChecksum.Problem(other, Content));
    }

    [Theory]
    [InlineData("image", "image/jpeg", 5 * 1024 * 1024)]
    [InlineData("audio", "audio/ogg", 16 * 1024 * 1024)]
    [InlineData("video", "video/mp4", 16 * 1024 * 1024)]
    [InlineData("document", "application/pdf", 100 * 1024 * 1024)]
    [InlineData("sticker", "image/webp", 500 * 1024)]
    [InlineData(null, "video/mp4", 16 * 1024 * 1024)]
    [InlineData(null, "application/zip", 100 * 1024 * 1024)]
    public void Each_type_has_its_size_limit(string? type, string mime, long max)
    {
        Assert.Equal(max, WhatsAppLimits.MaxMediaBytes(type, mime));
        Assert.Null(WhatsAppLimits.MediaSizeProblem(type, mime, max));
        Assert.Contains($"at most {max} bytes", WhatsAppLimits.MediaSizeProblem(type, mime, max + 1));
        Assert.Equal("the media is empty", WhatsAppLimits.MediaSizeProblem(type, mime, 0));
    }
}
