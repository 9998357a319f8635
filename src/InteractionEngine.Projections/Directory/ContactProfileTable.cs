using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Projections.Directory;

/// <summary>The directory's table: no duplicated columns, the directory's queries read the JSON (<see cref="DirectorySearch"/>).</summary>
internal static class ContactProfileTable
{
    public static readonly ReadModelTable<ContactProfile> Definition = new(p => p.Id, []);
}
