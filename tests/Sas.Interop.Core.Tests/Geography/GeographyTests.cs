using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Tests.Geography;

public sealed class GeographyTests
{
    private static readonly GeoPoint Paris = new(48.8566, 2.3522);
    private static readonly GeoPoint Lyon = new(45.7640, 4.8357);

    [Test]
    public void Haversine_ParisLyon_IsAbout392Km()
    {
        Assert.That(Paris.DistanceMetersTo(Lyon), Is.EqualTo(391_500).Within(2_000));
        Assert.That(Paris.DistanceMetersTo(Paris), Is.Zero);
    }

    [TestCase(48.8566, 2.3522, 10_000)]
    [TestCase(-21.1151, 55.5364, 50_000)]
    [TestCase(89.99, 0, 5_000)]
    [TestCase(10, 179.99, 20_000)]
    public void BoundingBox_HoldsTheWholeCircle(double latitude, double longitude, double radius)
    {
        var centre = new GeoPoint(latitude, longitude);
        var box = centre.BoundingBox(radius);

        // Points on the circle in 72 directions, just inside the radius.
        for (var bearing = 0; bearing < 360; bearing += 5)
        {
            var point = Destination(centre, bearing, radius * 0.999);
            Assert.That(point.Latitude, Is.InRange(box.MinLatitude, box.MaxLatitude), $"bearing {bearing}");
            Assert.That(point.Longitude, Is.InRange(box.MinLongitude, box.MaxLongitude), $"bearing {bearing}");
        }
    }

    [Test]
    public void BoundingBox_IsTight_AwayFromPolesAndAntimeridian()
    {
        var box = Paris.BoundingBox(10_000);

        Assert.That(box.MaxLatitude - box.MinLatitude, Is.EqualTo(0.18).Within(0.001));
        Assert.That(box.MaxLongitude - box.MinLongitude, Is.LessThan(0.3));
    }

    [Test]
    public void Circle_Contains_UpToItsRadius()
    {
        var circle = new GeoCircle(Paris, 392_500);

        Assert.That(circle.Contains(Lyon, out var distance), Is.True);
        Assert.That(distance, Is.EqualTo(Paris.DistanceMetersTo(Lyon)));
        Assert.That(new GeoCircle(Paris, 390_000).Contains(Lyon, out _), Is.False);
    }

    [TestCase("47000", 44.2, 0.62)]
    [TestCase("75011", 48.85, 2.35)]
    [TestCase("69003", 45.75, 4.85)]
    [TestCase("20000", 41.92, 8.74)]
    [TestCase(" 35000 ", 48.11, -1.67)]
    public void PostalCodeCentroids_KnowTheDemoCommunes(string code, double latitude, double longitude)
    {
        Assert.That(PostalCodeCentroids.TryLocate(code, out var point), Is.True);
        Assert.That(point.DistanceMetersTo(new GeoPoint(latitude, longitude)), Is.LessThan(3_000));
    }

    [TestCase("99999")]
    [TestCase("4700")]
    [TestCase("")]
    [TestCase(null)]
    public void PostalCodeCentroids_UnknownCodes_HaveNoPosition(string? code)
    {
        Assert.That(PostalCodeCentroids.TryLocate(code, out _), Is.False);
    }

    [Test]
    public void PostalCodeCentroids_AllInFranceOrOverseas()
    {
        Assert.That(PostalCodeCentroids.Count, Is.GreaterThan(700));
    }

    private static GeoPoint Destination(GeoPoint from, double bearingDegrees, double meters)
    {
        var angular = meters / GeoPoint.EarthRadiusMeters;
        var bearing = double.DegreesToRadians(bearingDegrees);
        var lat1 = double.DegreesToRadians(from.Latitude);
        var lon1 = double.DegreesToRadians(from.Longitude);
        var lat2 = Math.Asin((Math.Sin(lat1) * Math.Cos(angular)) + (Math.Cos(lat1) * Math.Sin(angular) * Math.Cos(bearing)));
        var lon2 = lon1 + Math.Atan2(Math.Sin(bearing) * Math.Sin(angular) * Math.Cos(lat1), Math.Cos(angular) - (Math.Sin(lat1) * Math.Sin(lat2)));
        var longitude = double.RadiansToDegrees(lon2);
        longitude = ((longitude + 540) % 360) - 180;
        return new GeoPoint(double.RadiansToDegrees(lat2), longitude);
    }
}
