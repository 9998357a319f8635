namespace InteractionEngine.Projections.Directory;

/// <summary>A contact in the tenant's directory (Marten document, id "tenant:contact"). Phone numbers are E.164.</summary>
public sealed record ContactProfile(
    string Id,
    string Tenant,
    string Contact,
    string? FirstName,
    string? LastName,
    IReadOnlyList<ContactPhone> PhoneNumbers);

public sealed record ContactPhone(string Number, string? Label);
