using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SlotOverbooked : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Overbooked",
                table: "slots",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Overbooked",
                table: "daily_slot_snapshots",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Overbooked",
                table: "slots");

            migrationBuilder.DropColumn(
                name: "Overbooked",
                table: "daily_slot_snapshots");
        }
    }
}
