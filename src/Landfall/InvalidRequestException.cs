namespace Landfall;

/// <summary>
/// A request that makes no sense for this config or this day (an unknown source, a reversed range, a date that is not over yet):
/// nothing was run. The message names the request properties involved (<c>From</c>, <c>Limit</c>, ...), listed in
/// <see cref="Properties"/>; a front end that exposes them under other names renders the message with <see cref="Render"/> (the
/// <c>landfall</c> command says <c>--from</c>, <c>--limit</c>, and exits with code 2).
/// </summary>
public sealed class InvalidRequestException : LandfallException
{
    private const char Open = '\u0001';
    private const char Close = '\u0002';
    private readonly string _template;

    /// <summary>
    /// Creates the error; <paramref name="message"/> names what was wrong and what to do, each request property in it written with
    /// <see cref="Property"/>.
    /// </summary>
    public InvalidRequestException(string message)
        : base(Fill(message, name => name))
    {
        _template = message ?? "";
        var properties = new List<string>();
        Fill(_template, name =>
        {
            properties.Add(name);
            return name;
        });
        Properties = properties;
    }

    /// <summary>The request properties the message names, in order of appearance.</summary>
    public IReadOnlyList<string> Properties { get; }

    /// <inheritdoc />
    public override string ErrorType => "invalid_request";

    /// <summary>A request property as a message names it (<c>Property("From")</c>), so that a front end can rename it.</summary>
    public static string Property(string name) => $"{Open}{name}{Close}";

    /// <summary>The message with every request property named by <paramref name="nameOf"/> (its property name when that returns null).</summary>
    public string Render(Func<string, string?> nameOf)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        return Fill(_template, name => nameOf(name) ?? name);
    }

    private static string Fill(string? template, Func<string, string> nameOf)
    {
        if (string.IsNullOrEmpty(template))
        {
            return "";
        }
        var text = new System.Text.StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var end = template[i] == Open ? template.IndexOf(Close, i + 1) : -1;
            if (end < 0)
            {
                text.Append(template[i]);
                continue;
            }
            text.Append(nameOf(template[(i + 1)..end]));
            i = end;
        }
        return text.ToString();
    }
}
