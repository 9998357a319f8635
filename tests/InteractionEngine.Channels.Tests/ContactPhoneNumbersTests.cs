using InteractionEngine.Channels.Contacts;

namespace InteractionEngine.Channels.Tests;

public class ContactPhoneNumbersTests
{
    [Theory]
    [InlineData("+351 912 345 678", null, "+351912345678")]
    [InlineData("+44 20 7946 0018", null, "+442079460018")]
    [InlineData("+1 (415) 555-2671", null, "+14155552671")]
    [InlineData("912 345 678", "PT", "+351912345678")]
    [InlineData("912345678", "pt", "+351912345678")]
    [InlineData("020 7946 0018", "GB", "+442079460018")]
    [InlineData("00351 912 345 678", "PT", "+351912345678")]
    [InlineData("+351 912 345 678", "GB", "+351912345678")]
    public void Valid_numbers_normalise_to_E164(string input, string? region, string expected)
    {
        Assert.True(ContactPhoneNumbers.TryNormalizeE164(input, region, out var e164, out var error), error);
        Assert.Equal(expected, e164);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("   ", "PT")]
    [InlineData("hello", "PT")]
    [InlineData("+351 12", null)]          // too short for Portugal
    [InlineData("+351 812 345 678", null)] // no such Portuguese range
    [InlineData("+999 123 456 789", null)] // no such country code
    [InlineData("912 345 678", null)]      // national, but no region to read it in
    [InlineData("912 345 678", "XX")]      // no such region
    public void Invalid_numbers_are_refused_with_a_reason(string input, string? region)
    {
        Assert.False(ContactPhoneNumbers.TryNormalizeE164(input, region, out var e164, out var error));
        Assert.Equal("", e164);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Wa_id_and_E164_convert_both_ways()
    {
        Assert.True(ContactPhoneNumbers.TryWaIdToE164("351912345678", out var e164));
        Assert.Equal("+351912345678", e164);
        Assert.Equal("351912345678", ContactPhoneNumbers.E164ToWaId(e164));
        Assert.False(ContactPhoneNumbers.TryWaIdToE164("+351912345678", out _));
        Assert.False(ContactPhoneNumbers.TryWaIdToE164("12ab", out _));
        Assert.Throws<FormatException>(() => ContactPhoneNumbers.E164ToWaId("351912345678"));
    }
}
