using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StructureLocationPositions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Latitude",
                table: "locations",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Longitude",
                table: "locations",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_locations_Latitude_Longitude",
                table: "locations",
                columns: new[] { "Latitude", "Longitude" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_locations_Latitude_Longitude",
                table: "locations");

            migrationBuilder.DropColumn(
                name: "Latitude",
                table: "locations");

            migrationBuilder.DropColumn(
                name: "Longitude",
                table: "locations");
        }
    }
}
