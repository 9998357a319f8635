namespace InteractionEngine.WhatsAppEmulator;

/// <summary>The Graph API's bearer token check: none → 104, unknown → 190 (both 401).</summary>
internal static class GraphAuth
{
    public static IResult? Check(HttpRequest http, EmulatorOptions options)
    {
        var auth = http.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(auth)) return GraphErrors.TokenMissing();
        return auth.StartsWith("Bearer ", StringComparison.Ordinal) && options.EffectiveAccessTokens.Contains(auth["Bearer ".Length..].Trim())
            ? null
            : GraphErrors.TokenInvalid();
    }
}
