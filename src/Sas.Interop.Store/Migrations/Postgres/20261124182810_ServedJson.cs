using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServedJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ServedJson",
                table: "slots",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ServedJson",
                table: "schedules",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ServedJson",
                table: "practitioners",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ServedJson",
                table: "places",
                type: "bytea",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ServedJson",
                table: "slots");

            migrationBuilder.DropColumn(
                name: "ServedJson",
                table: "schedules");

            migrationBuilder.DropColumn(
                name: "ServedJson",
                table: "practitioners");

            migrationBuilder.DropColumn(
                name: "ServedJson",
                table: "places");
        }
    }
}
