using InteractionEngine.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <summary>
/// The client's id of an outbound command: <c>clientMessageId</c> in the body, else the Idempotency-Key header. Required
/// for every command that sends to a channel, because it is what makes a retried request a duplicate instead of a second send.
/// </summary>
public static class OutboundClientId
{
    public static string? Of(string? fromBody, HttpContext http) =>
        !string.IsNullOrWhiteSpace(fromBody) ? fromBody : IdempotencyKey.Of(http);

    public static ProblemHttpResult Missing() =>
        TypedResults.Problem(title: "A client id is required", statusCode: StatusCodes.Status422UnprocessableEntity,
            detail: $"send 'clientMessageId' in the body or an {IdempotencyKey.Header} header, so that a retry never sends twice",
            extensions: new Dictionary<string, object?> { ["fields"] = new[] { "clientMessageId", IdempotencyKey.Header } });
}
