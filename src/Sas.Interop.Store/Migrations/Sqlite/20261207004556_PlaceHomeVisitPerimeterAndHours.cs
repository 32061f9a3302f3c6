using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlaceHomeVisitPerimeterAndHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "HomeVisitRadiusMeters",
                table: "places",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HoursJson",
                table: "places",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HomeVisitRadiusMeters",
                table: "places");

            migrationBuilder.DropColumn(
                name: "HoursJson",
                table: "places");
        }
    }
}
