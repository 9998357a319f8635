using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Channels.WhatsApp.Templates;

namespace InteractionEngine.Channels.Tests.WhatsApp.Agents;

public class TemplateLanguagesTests
{
    private static readonly TemplateCatalog Catalog = TemplateCatalog.Parse("""
        {"templates": [
          {"name": "payment_reminder", "language": "pt_PT", "category": "UTILITY", "status": "APPROVED", "body": "Olá"},
          {"name": "order_shipped", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "body": "Shipped"},
          {"name": "order_shipped", "language": "es_ES", "category": "UTILITY", "status": "APPROVED", "body": "Enviado"},
          {"name": "survey", "language": "es_ES", "category": "UTILITY", "status": "APPROVED", "body": "Encuesta"},
          {"name": "survey", "language": "pt_PT", "category": "UTILITY", "status": "APPROVED", "body": "Inquérito"}]}
        """);

    [Fact]
    public void A_missing_language_answers_the_languages_that_exist()
    {
        var (template, problem) = TemplateLanguages.Choose(Catalog, "payment_reminder", "en_US", "en_US");
        Assert.Null(template);
        Assert.Equal("language", problem!.Field);
        Assert.Equal(["pt_PT"], problem.Languages);
        Assert.Equal("template payment_reminder has no en_US version; it exists in pt_PT", problem.Detail);
    }

    [Fact]
    public void Without_a_language_the_default_then_the_only_language_is_used_and_several_need_a_choice()
    {
        Assert.Equal("es_ES", TemplateLanguages.Choose(Catalog, "order_shipped", "es_ES", "en_US").Template!.Language);
        Assert.Equal("en_US", TemplateLanguages.Choose(Catalog, "order_shipped", null, "en_US").Template!.Language);
        Assert.Equal("pt_PT", TemplateLanguages.Choose(Catalog, "payment_reminder", null, "en_US").Template!.Language);
        var (_, problem) = TemplateLanguages.Choose(Catalog, "survey", " ", "en_US");
        Assert.Equal(["es_ES", "pt_PT"], problem!.Languages);
        Assert.Contains("choose a language", problem.Detail);
    }

    [Fact]
    public void An_unknown_template_names_the_template_field()
    {
        var (_, problem) = TemplateLanguages.Choose(Catalog, "nope", "en_US", "en_US");
        Assert.Equal(("template", null), (problem!.Field, problem.Languages));
        Assert.Equal("template nope is not in the catalog", problem.Detail);
    }
}
