namespace Landfall.Verification;

/// <summary>What <see cref="Hosting.LandfallHost.VerifyAsync"/> should re-read: a date, a range, or every date.</summary>
public sealed record VerifyRequest
{
    /// <summary>Only this business date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>First business date to verify.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last business date to verify.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only these sources; every configured source when null or empty.</summary>
    public IReadOnlyCollection<string>? Sources { get; init; }
}
