namespace Sas.Interop.Core.Geography;

/// <summary>Everything within <paramref name="RadiusMeters"/> of <paramref name="Center"/> (great-circle distance).</summary>
public sealed record GeoCircle(GeoPoint Center, double RadiusMeters)
{
    public bool Contains(GeoPoint point, out double distanceMeters)
    {
        distanceMeters = Center.DistanceMetersTo(point);
        return distanceMeters <= RadiusMeters;
    }
}
