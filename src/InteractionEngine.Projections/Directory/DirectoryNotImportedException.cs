namespace InteractionEngine.Projections.Directory;

/// <summary>
/// A rebuild of the directory was refused: documents written before directory events remain, and a rebuild (which
/// deletes the documents and replays events) would lose them. Starting the engine once imports them (<see cref="DirectoryImport"/>).
/// </summary>
public sealed class DirectoryNotImportedException(long waiting) : InvalidOperationException(
    $"{waiting} directory entries were written before directory events and are not imported yet; a rebuild would lose them. " +
    "Start the engine (it imports them at startup as ContactEntered by \"directory-import\") and run the rebuild again")
{
    public long Waiting { get; } = waiting;
}
