using System.Diagnostics;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace InteractionEngine.Host.Http;

/// <summary>
/// Read-your-writes for a read endpoint: when the request names positions from command answers (<c>?position=</c>, or the
/// <c>X-Read-Position</c> header), the endpoint answers only once the read side holds them; after
/// <see cref="ReadYourWritesOptions.Timeout"/> it answers 503 with Retry-After instead of a stale page. Without a position
/// nothing waits. A position of another tenant is refused exactly like a malformed one, so it tells nothing.
/// </summary>
public sealed class ReadPositionFilter(ReadSideScope scope) : IEndpointFilter
{
    /// <summary>At most this many positions in one request (one per conversation the client wrote to).</summary>
    public const int MaxPositions = 10;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var texts = http.Request.Query[ReadPosition.QueryName].Concat(http.Request.Headers[ReadPosition.HeaderName]).ToList();
        if (texts.Count == 0) return await next(context);
        if (texts.Count > MaxPositions) return ReplyResults.Invalid($"at most {MaxPositions} positions per request");

        var tenant = Caller.From(http.User).Tenant;
        var positions = new List<ReadPosition>(texts.Count);
        foreach (var text in texts)
        {
            if (ReadPosition.TryParse(text) is not { } position || position.Conversation.Tenant != tenant) return ReplyResults.Invalid(ReadPosition.InvalidDetail);
            positions.Add(position);
        }

        var options = http.RequestServices.GetRequiredService<ReadYourWritesOptions>();
        var waiter = http.RequestServices.GetRequiredService<ReadSideWaiter>();
        var waited = Stopwatch.StartNew(); // one budget for all the positions
        foreach (var position in positions)
        {
            var left = options.Timeout - waited.Elapsed;
            if (left > TimeSpan.Zero && await waiter.WaitForAsync(position.Conversation.Value, position.Version, scope, left, http.RequestAborted)) continue;
            http.RequestServices.GetRequiredService<ILogger<ReadPositionFilter>>().LogWarning(
                "{Path} waited {Timeout} for {ConversationId} at version {Version}; the read side has not reached it",
                http.Request.Path.Value, options.Timeout, position.Conversation.Value, position.Version);
            return NotReached(http, options.Timeout);
        }
        return await next(context);
    }

    private static ProblemHttpResult NotReached(HttpContext http, TimeSpan waited)
    {
        http.Response.Headers.RetryAfter = "1";
        return ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "The read side has not reached this position yet",
            $"waited {waited.TotalSeconds:0.###}s for the read side to hold the command's effect; retry with the same position");
    }

    /// <summary>OpenAPI: the position parameter and header on every endpoint that accepts them.</summary>
    public static void Describe(OpenApiOperation operation, IList<object> metadata)
    {
        if (!metadata.OfType<ReadPositionFilterMarker>().Any() || operation.Parameters?.Any(p => p.Name == ReadPosition.QueryName) == true) return;
        operation.Parameters ??= [];
        const string what = "A position from a command's answer: the answer waits until the read side holds it (read-your-writes), "
            + "then 503 with Retry-After. Repeat it for several conversations.";
        operation.Parameters.Add(new OpenApiParameter { Name = ReadPosition.QueryName, In = ParameterLocation.Query, Description = what, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        operation.Parameters.Add(new OpenApiParameter { Name = ReadPosition.HeaderName, In = ParameterLocation.Header, Description = what, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
    }
}
