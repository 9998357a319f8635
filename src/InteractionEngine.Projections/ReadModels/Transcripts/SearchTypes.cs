using System.Text.Json.Serialization;
using System.Text;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// A keyword search. <paramref name="Text"/> takes web-search syntax ("quoted phrase", or, -excluded); terms
/// in scripts written without spaces (Japanese, Chinese, Thai) and emoji also match as a literal substring.
/// <paramref name="Limit"/> is the page size; <paramref name="After"/> the cursor of the previous page's last hit.
/// </summary>
public sealed record SearchRequest(
    string Text,
    string? Contact = null,
    int Limit = 20,
    MediaType? Media = null,
    ChannelKind? Channel = null,
    SearchCursor? After = null);

/// <summary>Where a page of hits ended: the last hit's rank, time and line id (the order is rank, newest, id).</summary>
public sealed record SearchCursor(float Rank, DateTimeOffset At, string LineId);

/// <summary>
/// One page of hits, best first. <paramref name="Total"/> counts every match, up to <paramref name="TotalLimit"/>:
/// when <paramref name="TotalCapped"/> is true there are more than that many (the count stopped, the paging does not).
/// <paramref name="Next"/> is null on the last page.
/// </summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, int Total, bool TotalCapped, int TotalLimit, SearchCursor? Next);

public sealed record SnippetPart(string Text, bool Highlighted);

/// <summary>A highlighted excerpt as parts, so a client renders highlights without parsing (or trusting) markup.</summary>
public sealed record SearchSnippet(IReadOnlyList<SnippetPart> Parts)
{
    public string Render(string open = "«", string close = "»")
    {
        var builder = new StringBuilder();
        foreach (var part in Parts)
            builder.Append(part.Highlighted ? open + part.Text + close : part.Text);
        return builder.ToString();
    }

    public override string ToString() => Render();
}

public sealed record SearchHit(TranscriptLine Line, double Rank, SearchSnippet Snippet)
{
    [JsonIgnore]
    public SearchCursor Cursor => new((float)Rank, Line.At, Line.Id);
}
