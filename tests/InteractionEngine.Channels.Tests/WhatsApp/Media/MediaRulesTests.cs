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

    [Theory]
    [InlineData("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", true)]
    [InlineData("https://LOOKASIDE.fbsbx.com/x", true)]
    [InlineData("https://graph.facebook.com/v21.0/1", true)] // the Graph host is always allowed
    [InlineData("https://lookaside.fbsbx.com.evil.test/x", false)]
    [InlineData("https://evil.test/lookaside.fbsbx.com", false)]
    [InlineData("https://sub.lookaside.fbsbx.com/x", false)] // exact hosts only
    [InlineData("ftp://lookaside.fbsbx.com/x", false)]
    public void The_default_download_hosts_are_whatsapps_cdn_and_the_graph_host(string url, bool allowed) =>
        Assert.Equal(allowed, new MediaDownloadHosts(null, "https://graph.facebook.com").Allows(new Uri(url)));

    [Fact]
    public void Configured_hosts_replace_the_default_and_may_be_written_as_urls()
    {
        var hosts = new MediaDownloadHosts(["https://cdn.example.com/", " media.example.net. ", ""], "http://127.0.0.1:5090");
        Assert.Equal(["127.0.0.1", "cdn.example.com", "media.example.net"], hosts.Hosts.Order());
        Assert.True(hosts.Allows(new Uri("http://127.0.0.1:5090/emulator/media/1")));
        Assert.False(hosts.Allows(new Uri("https://lookaside.fbsbx.com/x")));
    }
}
