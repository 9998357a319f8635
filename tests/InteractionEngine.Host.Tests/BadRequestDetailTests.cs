using System.Text.Json;
using System.Text.Json.Serialization;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using Microsoft.AspNetCore.Http;

namespace InteractionEngine.Host.Tests;

/// <summary>The framework's bad-request messages, retold in the request's terms: no CLR type names, the names an enum takes.</summary>
public class BadRequestDetailTests
{
    private sealed record Body(ChannelKind? Channel);

    [Fact]
    public void An_enum_the_json_cannot_bind_is_named_by_its_path_with_the_names_it_takes()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(null, allowIntegerValues: false) } };
        var json = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Body>("""{"channel":1}""", options));
        var detail = BadRequestDetail.Of(new BadHttpRequestException("Failed to read parameter \"Body body\" from the request body as JSON.", json), new DefaultHttpContext());

        Assert.DoesNotContain("System.", detail);
        Assert.DoesNotContain("InteractionEngine", detail);
        Assert.Contains("'$.channel'", detail);
        Assert.Contains("WebChat, WhatsApp", detail);
    }

    [Fact]
    public void A_query_parameter_that_cannot_bind_is_named_as_the_client_wrote_it()
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString("?pageSize=abc");
        var detail = BadRequestDetail.Of(new BadHttpRequestException("Failed to bind parameter \"Nullable<int> PageSize\" from \"abc\"."), http);

        Assert.Equal("query or route parameter 'pageSize' cannot be 'abc'", detail);
    }
}
