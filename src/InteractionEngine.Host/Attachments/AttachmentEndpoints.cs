using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Attachments;
using Microsoft.AspNetCore.Mvc;

namespace InteractionEngine.Host.Attachments;

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
        var group = app.MapGroup("/api/v1/attachments").WithTags("Attachments");

        group.MapPost("/", async (HttpContext http, AttachmentStore store, string? fileName) =>
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
            var stored = await store.SaveAsync(Caller.From(http.User).Tenant, mime, fileName, buffer.ToArray(), http.RequestAborted);
            return TypedResults.Created($"/api/v1/attachments/{stored.Id}", new
            {
                reference = $"attachment:{stored.Id}",
                mimeType = stored.MimeType,
                sizeBytes = stored.SizeBytes,
                sha256 = stored.Sha256,
                fileName = stored.FileName,
            });
        }).RequireAuthorization(Policies.Act).WithMetadata(new RequestSizeLimitAttribute(MaxImageBytes))
          .WithSummary("Upload an image (raw body with its Content-Type); returns the reference for a message's attachments");

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, AttachmentStore store) =>
            await store.LoadAsync(Caller.From(http.User).Tenant, id, http.RequestAborted) is { } found
                ? Results.File(found.Content, found.MimeType)
                : ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown attachment", null))
            .RequireAuthorization(Policies.Read).WithSummary("Download an attachment of this tenant");
    }
}
