using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests;

/// <summary>Search over real HTTP: accent-insensitive, paged by an opaque cursor with a total, bad paging input refused.</summary>
public sealed class SearchApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _routing = engine.CreateClient().As(TestKeys.AcmeRouting);
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);

    [Fact]
    public async Task Ola_finds_Ola_with_its_accent_and_the_cursor_walks_every_hit()
    {
        var contact = "s-" + Guid.NewGuid().ToString("N")[..10];
        foreach (var (id, text) in new[] { ("w1", "Olá! Preciso de ajuda"), ("w2", "olá outra vez"), ("w3", "OLÁ?") })
        {
            var sent = await _routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WhatsApp", channelMessageId = id, text });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }
        await engine.ReadSideCaughtUpAsync();

        var seen = new List<string>();
        string? after = null;
        do
        {
            var url = $"/api/v1/contacts/{contact}/transcript/search?q=ola&limit=2" + (after is null ? "" : $"&after={after}");
            using var page = JsonDocument.Parse(await _agent.GetStringAsync(url));
            Assert.Equal(3, page.RootElement.GetProperty("total").GetInt32());
            Assert.False(page.RootElement.GetProperty("totalCapped").GetBoolean());
            foreach (var hit in page.RootElement.GetProperty("hits").EnumerateArray())
            {
                seen.Add(hit.GetProperty("line").GetProperty("id").GetString()!);
                var highlighted = hit.GetProperty("snippet").GetProperty("parts").EnumerateArray()
                    .Single(p => p.GetProperty("highlighted").GetBoolean()).GetProperty("text").GetString();
                Assert.Equal("olá", highlighted!.ToLowerInvariant());
            }
            after = page.RootElement.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(3, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("/api/v1/search?q=ola&after=not-a-cursor", "'after'")]
    [InlineData("/api/v1/search?q=ola&limit=0", "'limit'")]
    [InlineData("/api/v1/search?q=ola&limit=201", "'limit'")]
    [InlineData("/api/v1/search?q=%20", "'q'")]
    public async Task Bad_paging_input_is_a_problem(string url, string named)
    {
        var response = await _agent.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }
}
