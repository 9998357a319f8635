using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests;

/// <summary>The directory listed and searched over real HTTP: by name, by a phone number typed in any format, paged by cursor.</summary>
public sealed class DirectorySearchApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);

    [Fact]
    public async Task Rita_is_found_by_912_345_678_and_by_name_and_the_list_pages_through_everyone()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Create($"rita-{suffix}", "Rita", "Gomes", "+351912345678");
        await Create($"rui-{suffix}", "Rui", "Santos", "+351913000111");
        await Create($"sara-{suffix}", "Sára", "Lopes", "+34612345679");

        Assert.Equal([$"rita-{suffix}"], await Contacts("q=912%20345%20678"));
        Assert.Equal([$"rita-{suffix}"], await Contacts("q=%2B351%20912-345-678"));
        Assert.Equal([$"rita-{suffix}"], await Contacts("q=rita%20gom"));
        Assert.Equal([$"rita-{suffix}", $"rui-{suffix}"], await Contacts("q=%2B351%209"));
        Assert.Empty(await Contacts("q=999%20999%20999"));

        var walked = new List<string>();
        string? after = null;
        do
        {
            using var page = JsonDocument.Parse(await _agent.GetStringAsync("/api/v1/directory/contacts?pageSize=1" + (after is null ? "" : $"&after={after}")));
            walked.AddRange(page.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contact").GetString()!));
            after = page.RootElement.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(walked.Order(StringComparer.Ordinal), walked);
        Assert.Subset(walked.ToHashSet(), new HashSet<string> { $"rita-{suffix}", $"rui-{suffix}", $"sara-{suffix}" });
    }

    [Theory]
    [InlineData("/api/v1/directory/contacts?pageSize=0", "'pageSize'")]
    [InlineData("/api/v1/directory/contacts?after=bm9wZQ", "'after'")]
    public async Task Bad_paging_input_is_a_problem(string url, string named)
    {
        var response = await _agent.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    private async Task Create(string contact, string firstName, string lastName, string number)
    {
        var created = await _agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName, lastName, phoneNumbers = new[] { new { number } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<List<string>> Contacts(string query)
    {
        using var page = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts?{query}"));
        return page.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contact").GetString()!).ToList();
    }
}
