namespace InteractionEngine.Host.Contacts;

public sealed record ContactPhoneRequest(string? Number, string? Label);

public sealed record ContactProfileRequest(string? Contact, string? FirstName, string? LastName, IReadOnlyList<ContactPhoneRequest>? PhoneNumbers, string? DefaultRegion);
