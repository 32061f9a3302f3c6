using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Overbooked",
                table: "daily_slot_snapshots",
                type: "INTEGER",
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
