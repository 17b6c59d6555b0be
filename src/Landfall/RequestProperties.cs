namespace Landfall;

/// <summary>The request properties library messages name (see <see cref="InvalidRequestException.Property"/>), written once.</summary>
internal static class RequestProperties
{
    public static readonly string Date = InvalidRequestException.Property("Date");
    public static readonly string From = InvalidRequestException.Property("From");
    public static readonly string To = InvalidRequestException.Property("To");
    public static readonly string CatchUp = InvalidRequestException.Property("CatchUp");
    public static readonly string Force = InvalidRequestException.Property("Force");
    public static readonly string Sources = InvalidRequestException.Property("Sources");
    public static readonly string Limit = InvalidRequestException.Property("Limit");
    public static readonly string LookbackDays = InvalidRequestException.Property("LookbackDays");
    public static readonly string ObjectsPerEntity = InvalidRequestException.Property("ObjectsPerEntity");
}
