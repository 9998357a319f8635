using System.Text;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// A keyword search. <paramref name="Text"/> takes web-search syntax ("quoted phrase", or, -excluded); terms
/// in scripts written without spaces (Japanese, Chinese, Thai) and emoji also match as a literal substring.
/// </summary>
public sealed record SearchRequest(
    string Text,
    string? Contact = null,
    int Limit = 20,
    MediaType? Media = null,
    ChannelKind? Channel = null);

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

public sealed record SearchHit(TranscriptLine Line, double Rank, SearchSnippet Snippet);
