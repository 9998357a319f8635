using InteractionEngine.Host.Attachments;

namespace InteractionEngine.Host.Tests;

/// <summary>Stored media is handed out inline only when a browser shows it safely, with a file name that cannot escape its header.</summary>
public class AttachmentDispositionTests
{
    private static readonly Guid Id = Guid.Parse("387d48d6-f64d-5586-a7cb-750ed3408fd6");

    [Theory]
    [InlineData("image/jpeg", "inline")]
    [InlineData("image/webp", "inline")]
    [InlineData("image/svg+xml", "attachment")] // may carry script
    [InlineData("text/html", "attachment")]
    [InlineData("application/pdf", "attachment")]
    public void Only_safe_images_are_inline(string mime, string disposition) =>
        Assert.StartsWith(disposition + ";", AttachmentDisposition.For(mime, null, Id));

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\temp\\fatura março.pdf", "fatura março.pdf")]
    [InlineData("a\"b;c\r\nd.pdf", "a_b_c__d.pdf")]
    [InlineData("...", null)]
    [InlineData("  ", null)]
    public void File_names_are_reduced_to_a_safe_last_segment(string given, string? safe) =>
        Assert.Equal(safe, AttachmentDisposition.SafeName(given));

    [Fact]
    public void Without_a_name_the_id_and_the_types_extension_name_the_file() =>
        Assert.Contains($"filename={Id}.jpg", AttachmentDisposition.For("image/jpeg", null, Id));
}
