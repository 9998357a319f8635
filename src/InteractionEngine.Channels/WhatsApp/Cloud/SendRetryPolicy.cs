using System.Net;
using System.Net.Http.Headers;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>
/// When a send is tried again. The rule that keeps "never send twice what was accepted once": retry only when
/// WhatsApp certainly did not take the message —
/// <list type="bullet">
/// <item>a 2xx is final: never retried;</item>
/// <item>429, or an error the Graph API itself answered with a transient code or as a 5xx (it answered, so it did not
/// accept), or 503: retried with exponential backoff and jitter;</item>
/// <item>no connection could be made (refused, DNS, TLS): retried, nothing was sent;</item>
/// <item>no answer within the attempt timeout, a connection lost mid-answer, a 5xx that is not a Graph answer
/// (a gateway page): the outcome is unknown, so it is NOT retried and is reported as <see cref="SendFailure.OutcomeUnknown"/>;</item>
/// <item>any other 4xx: the platform refused for good (auth, parameters, recipient); not retried.</item>
/// </list>
/// </summary>
internal static class SendRetryPolicy
{
    public static SendResult Classify(HttpStatusCode status, byte[] body)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            var (wamid, waId) = GraphAnswer.ReadAccepted(body);
            // Accepted, but no id to follow it by: it must not be resent, and its statuses can only be matched
            // through the correlation data sent with it.
            return wamid is null
                ? Unknown($"HTTP {code} without a message id", code)
                : new SendResult.Accepted(wamid, waId);
        }
        var error = GraphAnswer.ReadError(body);
        if (error is null)
        {
            return status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.ServiceUnavailable
                ? new SendResult.Failed(SendFailure.Rejected, GraphAnswer.WithoutEnvelope(status), code, Retryable: true)
                : code >= 500
                    ? Unknown($"HTTP {code} without a Graph answer (a gateway may have forwarded the request)", code)
                    : new SendResult.Failed(SendFailure.Rejected, GraphAnswer.WithoutEnvelope(status), code, Retryable: false);
        }
        var retryable = status == HttpStatusCode.TooManyRequests || code >= 500
                        || WhatsAppErrorCodes.IsTransient(error.Code) || error.IsTransient == true;
        return new SendResult.Failed(SendFailure.Rejected, error, code, retryable);
    }

    public static SendResult.Failed Unknown(string reason, int? httpStatus = null) =>
        new(SendFailure.OutcomeUnknown, new WhatsAppApiError(WhatsAppErrorCodes.OutcomeUnknown, "Send outcome unknown", reason), httpStatus, Retryable: false);

    public static SendResult.Failed Unreachable(string reason) =>
        new(SendFailure.Unreachable, new WhatsAppApiError(WhatsAppErrorCodes.Unreachable, "WhatsApp Cloud API unreachable", reason), null, Retryable: true);

    public static SendResult.Failed RefusedBeforeSend(string reason) =>
        new(SendFailure.RefusedBeforeSend, new WhatsAppApiError(WhatsAppErrorCodes.RefusedBeforeSend, "Refused before sending", reason), null, Retryable: false);

    /// <summary>
    /// Delay before retry number <paramref name="retry"/> (1 for the first): base × 2^(retry−1), capped, then "equal
    /// jitter" (half fixed, half random) so many senders throttled together do not come back in step. A Retry-After
    /// header, when given, is the floor (still capped).
    /// </summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double random)
    {
        var exponential = TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, retry - 1)));
        var jittered = exponential / 2 + exponential / 2 * random;
        var floor = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : TimeSpan.Zero);
        return floor > jittered ? (floor > maxDelay ? maxDelay : floor) : jittered;
    }
}
