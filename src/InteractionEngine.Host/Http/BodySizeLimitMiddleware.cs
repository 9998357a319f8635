using Microsoft.AspNetCore.Http.Metadata;

namespace InteractionEngine.Host.Http;

/// <summary>
/// Refuses a declared body larger than the endpoint allows (1 MB unless the endpoint's request size limit
/// metadata says otherwise) with a 413 ProblemDetails before anything reads it. Kestrel's own limit, set to
/// the same default, still stops chunked bodies that declare no length.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public const long DefaultLimit = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultLimit;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            await TypedResults.Problem(title: "The request body is too large",
                detail: $"{length} bytes sent; this endpoint accepts at most {limit}", statusCode: StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
