using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
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
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HoursJson",
                table: "places",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");
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
