namespace Landfall;

/// <summary>
/// A request that makes no sense for this config or this day (an unknown source, a reversed range, a date that is not over yet):
/// nothing was run. The command-line tool exits with code 2.
/// </summary>
public sealed class InvalidRequestException : LandfallException
{
    /// <summary>Creates the error; <paramref name="message"/> names what was wrong and what to do.</summary>
    public InvalidRequestException(string message)
        : base(message) { }

    /// <inheritdoc />
    public override string ErrorType => "invalid_request";
}
