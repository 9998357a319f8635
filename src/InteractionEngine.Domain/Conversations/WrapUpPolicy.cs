namespace InteractionEngine.Domain.Conversations;

/// <summary>One wrap-up (disposition) code a tenant offers on Done, with the label agents see.</summary>
public sealed record WrapUpCode(string Code, string Label);

/// <summary>
/// A tenant's wrap-up codes (config Tenants:{t}:WrapUp:Codes) and whether Done needs one (Tenants:{t}:WrapUp:Required).
/// Codes compare exactly (case-sensitive), as they are keys for reports.
/// </summary>
public sealed record WrapUpPolicy(IReadOnlyList<WrapUpCode> Codes, bool Required)
{
    public static readonly WrapUpPolicy None = new([], false);

    /// <summary>The longest wrap-up note an agent may write.</summary>
    public const int MaxNoteLength = 2000;

    public WrapUpCode? Find(string code) => Codes.FirstOrDefault(c => c.Code == code);
}
