using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.Tests.WhatsApp;

/// <summary>Which failures are retried: only those where WhatsApp certainly did not take the message.</summary>
public class SendRetryPolicyTests
{
    private const string Accepted = """{"messaging_product":"whatsapp","contacts":[{"input":"+351912345678","wa_id":"351912345678"}],"messages":[{"id":"wamid.X"}]}""";

    private static string GraphError(int code, string message, bool? transient = null)
    {
        var flag = transient is null ? "" : $"\"is_transient\":{(transient.Value ? "true" : "false")},";
        return "{\"error\":{\"message\":\"(#" + code + ") " + message + "\",\"type\":\"OAuthException\",\"code\":" + code + "," + flag + "\"fbtrace_id\":\"AbC\"}}";
    }

    [Theory]
    [InlineData(429, 130429, true)]
    [InlineData(400, 130429, true)]   // throughput, whatever the HTTP status
    [InlineData(400, 131056, true)]   // pair rate limit
    [InlineData(400, 80007, true)]
    [InlineData(500, 1, true)]        // the Graph API answered: it did not accept
    [InlineData(503, 2, true)]
    [InlineData(400, 100, false)]
    [InlineData(401, 190, false)]
    [InlineData(400, 131026, false)]
    [InlineData(400, 131047, false)]
    [InlineData(404, 132001, false)]
    public void Graph_errors_are_retried_only_when_transient(int status, int code, bool retryable)
    {
        var failed = Assert.IsType<SendResult.Failed>(SendRetryPolicy.Classify((HttpStatusCode)status, Encoding.UTF8.GetBytes(GraphError(code, "x"))));
        Assert.Equal((SendFailure.Rejected, code, retryable), (failed.Kind, failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public void The_graph_is_transient_flag_is_honoured() =>
        Assert.True(((SendResult.Failed)SendRetryPolicy.Classify(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(GraphError(368, "x", transient: true)))).Retryable);

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(500)]
    public void A_gateway_error_without_a_graph_answer_has_an_unknown_outcome_and_is_not_retried(int status)
    {
        var failed = Assert.IsType<SendResult.Failed>(SendRetryPolicy.Classify((HttpStatusCode)status, "<html>Bad gateway</html>"u8.ToArray()));
        Assert.Equal((SendFailure.OutcomeUnknown, WhatsAppErrorCodes.OutcomeUnknown, false), (failed.Kind, failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public void A_503_or_429_without_a_body_is_a_refusal_and_retried()
    {
        Assert.True(((SendResult.Failed)SendRetryPolicy.Classify(HttpStatusCode.ServiceUnavailable, [])).Retryable);
        Assert.True(((SendResult.Failed)SendRetryPolicy.Classify(HttpStatusCode.TooManyRequests, [])).Retryable);
    }

    [Fact]
    public void A_2xx_is_accepted_and_a_2xx_without_a_message_id_is_never_resent()
    {
        Assert.Equal(new SendResult.Accepted("wamid.X", "351912345678"), SendRetryPolicy.Classify(HttpStatusCode.OK, Encoding.UTF8.GetBytes(Accepted)));
        var odd = Assert.IsType<SendResult.Failed>(SendRetryPolicy.Classify(HttpStatusCode.OK, "{}"u8.ToArray()));
        Assert.Equal((SendFailure.OutcomeUnknown, false), (odd.Kind, odd.Retryable));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_is_capped_and_respects_retry_after()
    {
        var now = DateTimeOffset.UnixEpoch;
        TimeSpan D(int retry, double random, RetryConditionHeaderValue? after = null) =>
            SendRetryPolicy.Delay(retry, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), after, now, random);
        Assert.Equal(TimeSpan.FromMilliseconds(500), D(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), D(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(4), D(3, 0.5) * 4 / 3);          // 4 s window: 2 s fixed + half of 2 s random
        Assert.Equal(TimeSpan.FromSeconds(30), D(10, 1));                   // capped
        Assert.Equal(TimeSpan.FromSeconds(7), D(1, 0, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))));
        Assert.Equal(TimeSpan.FromSeconds(30), D(1, 0, new RetryConditionHeaderValue(TimeSpan.FromMinutes(5))));
    }
}

/// <summary>Transport failures, with a stub handler counting what reached "WhatsApp".</summary>
public class CloudClientTransportTests
{
    private static WhatsAppCloudClient Client(HttpMessageHandler handler, string baseUrl = "http://whatsapp.test", TimeSpan? attemptTimeout = null) =>
        new(new HttpClient(handler), Options.Create(new WhatsAppCloudOptions
        {
            BaseUrl = baseUrl, PhoneNumberId = "106540352242922", AccessToken = "t", MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5), RetryMaxDelay = TimeSpan.FromMilliseconds(20),
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
        }), TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance);

    [Fact]
    public async Task No_answer_within_the_attempt_timeout_is_an_unknown_outcome_sent_once()
    {
        var handler = new StubHandler(async ct => { await Task.Delay(TimeSpan.FromSeconds(30), ct); return new HttpResponseMessage(HttpStatusCode.OK); });
        var failed = Assert.IsType<SendResult.Failed>(await Client(handler, attemptTimeout: TimeSpan.FromMilliseconds(200)).SendTextAsync("+351912345678", "hi"));
        Assert.Equal((SendFailure.OutcomeUnknown, false, 1), (failed.Kind, failed.Retryable, handler.Calls));
    }

    [Fact]
    public async Task A_connection_lost_after_sending_is_an_unknown_outcome_sent_once()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        var failed = Assert.IsType<SendResult.Failed>(await Client(handler).SendTextAsync("+351912345678", "hi"));
        Assert.Equal((SendFailure.OutcomeUnknown, 1), (failed.Kind, handler.Calls));
    }

    [Fact]
    public async Task A_refused_connection_sent_nothing_so_it_is_retried_up_to_the_bound()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now
        var failed = Assert.IsType<SendResult.Failed>(await Client(new SocketsHttpHandler(), $"http://127.0.0.1:{port}").SendTextAsync("+351912345678", "hi"));
        Assert.Equal((SendFailure.Unreachable, WhatsAppErrorCodes.Unreachable, true, 3), (failed.Kind, failed.Error.Code, failed.Retryable, failed.Attempts));
    }

    [Fact]
    public async Task A_gateway_page_is_not_retried_and_a_later_graph_refusal_is()
    {
        var answers = new Queue<HttpResponseMessage>([
            new(HttpStatusCode.ServiceUnavailable),
            new(HttpStatusCode.OK) { Content = new StringContent("""{"messaging_product":"whatsapp","messages":[{"id":"wamid.OK"}]}""") },
        ]);
        var handler = new StubHandler(_ => Task.FromResult(answers.Dequeue()));
        var accepted = Assert.IsType<SendResult.Accepted>(await Client(handler).SendTextAsync("+351912345678", "hi"));
        Assert.Equal(("wamid.OK", 2), (accepted.Wamid, handler.Calls));

        var gateway = new StubHandler(_ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html/>") }));
        Assert.Equal(SendFailure.OutcomeUnknown, Assert.IsType<SendResult.Failed>(await Client(gateway).SendTextAsync("+351912345678", "hi")).Kind);
        Assert.Equal(1, gateway.Calls);
    }

    [Fact]
    public void A_client_whose_http_timeout_could_cut_an_attempt_short_is_refused_at_construction()
    {
        var options = Options.Create(new WhatsAppCloudOptions { AccessToken = "t", AttemptTimeout = TimeSpan.FromSeconds(20) });
        Assert.Throws<InvalidOperationException>(() =>
            new WhatsAppCloudClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, options, TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance));
        Assert.Throws<InvalidOperationException>(() =>
            new WhatsAppCloudClient(new HttpClient(), Options.Create(new WhatsAppCloudOptions()), TimeProvider.System, NullLogger<WhatsAppCloudClient>.Instance));
    }

    private sealed class StubHandler(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        private int _calls;
        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return answer(cancellationToken);
        }
    }
}
