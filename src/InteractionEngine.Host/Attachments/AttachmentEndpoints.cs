using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InteractionEngine.Host.Attachments;

/// <summary>An uploaded image: put <paramref name="Reference"/> (with the type and size) in a message's attachments.</summary>
public sealed record UploadedAttachment(string Reference, string MimeType, long SizeBytes, string Sha256, string? FileName);

/// <summary>
/// Image upload for agent messages: POST the raw image with its Content-Type, get a reference to put in a
/// message's attachments. Only images, at most 5 MB (WhatsApp's image limit).
/// </summary>
public static class AttachmentEndpoints
{
    public const long MaxImageBytes = 5 * 1024 * 1024;
    public static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    public static void MapAttachments(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapGroup("/api/v1/attachments").WithTags("Attachments");
        attachments.MapPost("/", Upload).RequireApiKey(Policies.Act).WithMetadata(new RequestSizeLimitAttribute(MaxImageBytes))
            .Accepts<byte[]>(ImageTypes[0], ImageTypes[1..])
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Upload an image (raw body with its Content-Type); returns the reference for a message's attachments");
        attachments.MapGet("/{id:guid}", Download).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status200OK, typeof(byte[]), ImageTypes[0], [.. ImageTypes[1..], "application/octet-stream"])
            .WithSummary("Download an attachment of this tenant (an upload or a contact's stored media), with its content type, nosniff and a content disposition");
    }

    private static async Task<Results<Created<UploadedAttachment>, ProblemHttpResult>> Upload(HttpContext http, AttachmentStore store, string? fileName)
    {
        var mime = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mime is null || !ImageTypes.Contains(mime))
            return ReplyResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported attachment type",
                $"send the image with Content-Type {string.Join(", ", ImageTypes)}");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0) return ReplyResults.Invalid("the image is empty");
        if (buffer.Length > MaxImageBytes)
            return ReplyResults.Problem(StatusCodes.Status413PayloadTooLarge, "The image is too large", $"at most {MaxImageBytes} bytes");
        // The content decides, not the label: what is stored is what every reader and channel is later told it is.
        var detected = ImageSignature.Detect(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (detected != mime)
            return ReplyResults.Problem(StatusCodes.Status415UnsupportedMediaType, "The content is not the declared type",
                detected is null ? $"the content is not an image ({string.Join(", ", ImageTypes)})" : $"declared {mime}, but the content is {detected}");
        var stored = await store.SaveAsync(Caller.From(http.User).Tenant, mime, fileName, buffer.ToArray(), http.RequestAborted);
        return TypedResults.Created($"/api/v1/attachments/{stored.Id}",
            new UploadedAttachment(AttachmentStore.ReferencePrefix + stored.Id, stored.MimeType, stored.SizeBytes, stored.Sha256, stored.FileName));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(Guid id, AttachmentStore store, HttpContext http)
    {
        // Another tenant's id answers exactly like an unknown one.
        if (await store.LoadWithNameAsync(Caller.From(http.User).Tenant, id, http.RequestAborted) is not { } found)
            return ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown attachment", null);
        // The stored type is what the browser gets: never let it guess another (a contact's "image" that is really HTML).
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentDisposition = AttachmentDisposition.For(found.MimeType, found.FileName, id);
        return TypedResults.File(found.Content, found.MimeType);
    }
}
