using Microsoft.AspNetCore.Diagnostics;

namespace InteractionEngine.Host.Http;

/// <summary>
/// Malformed bodies (bad JSON, wrong types, oversize) become 4xx ProblemDetails naming what is wrong,
/// in every environment, instead of a bare status or a 500. The detail speaks of the request (a JSON path, a parameter
/// name, the names an enum takes), never of the engine's own types (see <see cref="BadRequestDetail"/>).
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        context.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request is malformed",
                Detail = BadRequestDetail.Of(bad, context),
            },
        });
    }
}
